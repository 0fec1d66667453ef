import { Link } from '../Link.tsx'
import { PageHeader } from '../ui.tsx'

export function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" />
      <p>There is no dashboard page at this address.</p>
      <p>
        <Link to="/">Go to the overview</Link>
      </p>
    </>
  )
}
