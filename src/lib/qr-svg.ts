import { renderSVG } from 'uqr'

// QR encoding is uqr's; this only fixes Kassa's choices: level M (survives a scuffed or glary
// screen), the standard's 4-module quiet zone, and a viewBox measured in modules (scales to any size).
const QR_OPTIONS = { ecc: 'M', boostEcc: false, border: 4, pixelSize: 1 } as const

/** An SVG QR code of `text` (the 2FA enrollment's otpauth:// URL, a payment link's page). */
export const qrSvg = (text: string): string => renderSVG(text, QR_OPTIONS)
