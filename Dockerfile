# Kassa's image: `docker build -t kassa .` (or `docker compose up`, with PostgreSQL: compose.yaml).
# Stage 1 installs everything and runs `npm run build`; stage 2 holds only what the build runs on
# (dist/, bin/, package.json, production node_modules), no sources, and runs as a non-root user.
# It works with a read-only root filesystem: the only writes go to DATA_DIR (/data, a volume).
# Guide: docs/self-hosting/docker.md

FROM node:20-bookworm-slim AS build
WORKDIR /app
# The workspace package's manifest too: npm ci installs the whole workspace from the lockfile.
COPY package.json package-lock.json ./
COPY packages/kassa-node/package.json packages/kassa-node/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/data
WORKDIR /app
# Owned by root, read-only for the user that runs Kassa: the install never changes at run time.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
RUN mkdir /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# /readyz: 200 while the database answers, 503 from the first moment of a shutdown.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/readyz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "bin/kassa.mjs", "serve"]
