// A dependency-free SVG bar chart: one bar per day, scaled to the largest value; each bar carries its
// value in a <title> (hover), and the figure's label sums the series up for screen readers.

export interface Bar {
  label: string
  value: number
  display: string
}

export function BarChart({ title, summary, bars }: { title: string; summary: string; bars: Bar[] }) {
  const width = 600
  const height = 160
  const max = Math.max(1, ...bars.map((b) => b.value))
  const step = width / Math.max(1, bars.length)
  const gap = bars.length > 60 ? 0.5 : 2
  return (
    <figure className="chart">
      <figcaption>
        <span className="chart-title">{title}</span> <span className="chart-summary">{summary}</span>
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={`${title}: ${summary}`}>
        <line x1="0" y1={height - 0.5} x2={width} y2={height - 0.5} className="chart-axis" />
        {bars.map((b, i) => {
          const h = (b.value / max) * (height - 4)
          return (
            <rect
              key={b.label}
              x={i * step + gap / 2}
              y={height - h}
              width={Math.max(0.5, step - gap)}
              height={h}
              className="chart-bar"
            >
              <title>{`${b.label}: ${b.display}`}</title>
            </rect>
          )
        })}
      </svg>
      <div className="chart-range small muted" aria-hidden="true">
        <span>{bars[0]?.label}</span>
        <span>{bars.at(-1)?.label}</span>
      </div>
    </figure>
  )
}
