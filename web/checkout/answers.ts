// What the hosted checkout's JSON endpoints answer, as the page script reads it.

export interface Answer {
  status: 'SUCCESS' | 'FAILED' | 'CANCELED' | 'PENDING'
  redirect_url: string | null
  result?: 'succeeded' | 'declined' | 'requires_action' | 'failed' | 'canceled' | 'pending' | 'redirect'
  message?: string | null
  attempts_remaining?: number
}

export interface ErrorAnswer {
  detail: string
  code: string
  errors?: Record<string, string[]>
}
