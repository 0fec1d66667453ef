import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'
import { errorResponses } from '../../http/schemas.ts'
import { sendPage } from '../../http/paging.ts'
import { requireSession, sessionOf, SESSION_SECURITY, BUILDERS } from '../auth/index.ts'
import { Product, ProductCreateBody, ProductIdParam, ProductListQuery, ProductPatchBody } from './products.schemas.ts'
import {
  createCatalogProduct,
  deleteCatalogProduct,
  getCatalogProduct,
  listCatalog,
  updateCatalogProduct,
} from './products.dashboard.service.ts'

const tags = ['Catalog']
const security = SESSION_SECURITY

export const productRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const anyRole = requireSession(ctx)
    const builders = requireSession(ctx, { roles: BUILDERS })

    app.get(
      '/products/',
      {
        onRequest: anyRole,
        schema: {
          tags,
          summary: 'List catalog products',
          description: 'Newest first; page/page_size (default 20), total in X-Total-Count, neighbours in Link.',
          security,
          querystring: ProductListQuery,
          response: { 200: Type.Array(Product), ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) =>
        sendPage(ctx, request, reply, await listCatalog(ctx, sessionOf(request), request.query)),
    )

    app.post(
      '/products/',
      {
        onRequest: builders,
        schema: {
          tags,
          summary: 'Create a product',
          description: 'Owners, admins and developers.',
          security,
          body: ProductCreateBody,
          response: { 201: Product, ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createCatalogProduct(ctx, sessionOf(request), request.body)),
    )

    app.get(
      '/products/:id/',
      {
        onRequest: anyRole,
        schema: {
          tags,
          summary: 'Get a product',
          security,
          params: ProductIdParam,
          response: { 200: Product, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => getCatalogProduct(ctx, sessionOf(request), request.params.id),
    )

    app.patch(
      '/products/:id/',
      {
        onRequest: builders,
        schema: {
          tags,
          summary: 'Update a product',
          description: 'Past payments and payment links keep their snapshot.',
          security,
          params: ProductIdParam,
          body: ProductPatchBody,
          response: { 200: Product, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => updateCatalogProduct(ctx, sessionOf(request), request.params.id, request.body),
    )

    app.delete(
      '/products/:id/',
      {
        onRequest: builders,
        schema: {
          tags,
          summary: 'Delete a product, or archive it when in use',
          security,
          params: ProductIdParam,
          description:
            'An unused product is deleted: 204. A product a checkout, payment (or payment link) refers to is archived instead: 200 with the product, status "archived".',
          response: { 200: Product, 204: { type: 'null', description: 'Deleted.' }, ...errorResponses(401, 403, 404) },
        },
      },
      async (request, reply) => {
        const archived = await deleteCatalogProduct(ctx, sessionOf(request), request.params.id)
        return archived ? reply.send(archived) : reply.status(204).send()
      },
    )
  }
