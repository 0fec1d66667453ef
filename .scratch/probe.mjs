import { chromium } from 'playwright-core'
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking'] })
const p = await b.newPage()
await p.setContent(`<style>input:focus{outline:2px solid red}</style><button>a</button><input type=date><input type=search>`)
for (let i=0;i<4;i++){ await p.keyboard.press('Tab'); console.log(await p.evaluate(()=>{const e=document.activeElement; const s=getComputedStyle(e); return [e.tagName,e.type,s.outlineStyle,s.outlineWidth,s.outlineColor, e.matches(':focus'), e.matches(':focus-visible')].join(' ')}))}
console.log(await b.version())
await b.close()
