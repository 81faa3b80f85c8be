/** GOV.UK-like plain typography: system fonts, black on white, clear headings; each section starts a printed page. */
export const REPORT_STYLE = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;background:#fff;color:#0b0c0c;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;font-size:1rem;line-height:1.5}
main{max-width:960px;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:2.25rem;line-height:1.1;margin:0 0 .5rem}
h2{font-size:1.5rem;margin:2.5rem 0 1rem;padding-top:1rem;border-top:2px solid #0b0c0c}
h2.contents{font-size:1.2rem;border:0;margin-top:1.5rem;padding:0}
h3{font-size:1.2rem;margin:2rem 0 .5rem}
p{max-width:44em}
.meta{color:#505a5f}
a{color:#1d70b8}a:focus{outline:3px solid #fd0;background:#fd0;color:#0b0c0c}
table{border-collapse:collapse;margin:1rem 0 1.5rem;font-size:.95rem;min-width:50%}
caption{text-align:left;font-weight:700;padding:0 0 .4rem}
th,td{text-align:left;padding:.4rem 1rem .4rem 0;border-bottom:1px solid #b1b4b6;vertical-align:top}
th{font-weight:700}
.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1rem 0 .5rem}
.chart{max-width:100%;overflow-x:auto}
.chart svg{max-width:none}
figcaption{color:#505a5f;font-size:.9rem;margin-top:.3rem}
details{margin:0 0 1.5rem}
summary{cursor:pointer;color:#1d70b8;text-decoration:underline;max-width:44em}
summary:focus{outline:3px solid #fd0;background:#fd0;color:#0b0c0c}
.pair{border-left:4px solid #b1b4b6;padding-left:1rem;margin:1.5rem 0}
.pair-title{font-weight:700}
.kicker{color:#505a5f;font-size:1rem;font-weight:400;display:block}
nav ol{columns:2;max-width:44em}
@media print{
  main{max-width:none;padding:0}
  a{color:#0b0c0c;text-decoration:none}
  nav,summary,.vega-embed details{display:none}
  section>h2{break-before:page}
  figure,table,.pair{break-inside:avoid}
  h2,h3{break-after:avoid}
}
`

/** The charts' tooltips in the page's font, their labels dark enough to read (vega-tooltip's grey is too light). */
export const CHART_STYLE = `
#vg-tooltip-element{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;font-size:13px}
#vg-tooltip-element table tr td.key{color:#505a5f}
`
