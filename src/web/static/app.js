import { initAll } from '/assets/govuk-frontend.min.js'
import { initAll as initMoj } from '/assets/moj-frontend.min.js'

// GOV.UK Frontend's components: among them the error summary, which takes focus when a page shows one, and the
// notification banner. Pages work without it; this adds what the design system's JavaScript adds.
initAll()
initMoj()

// Keyboard shortcuts for the pair view: a progressive enhancement, the form works the same without them.
const form = document.getElementById('decision-form')
if (form) {
  const choices = { s: 'same_person', n: 'not_same_person', c: 'cannot_tell' }
  const typing = (el) =>
    el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && el.type === 'text')
  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.metaKey) return
    const target = event.target
    if (
      event.key === 'Enter' &&
      event.ctrlKey &&
      target instanceof HTMLTextAreaElement &&
      form.contains(target)
    ) {
      event.preventDefault()
      form.requestSubmit()
      return
    }
    if (
      event.key === 'Enter' &&
      target instanceof HTMLInputElement &&
      target.type === 'radio' &&
      form.contains(target)
    ) {
      event.preventDefault()
      form.requestSubmit()
      return
    }
    if (event.ctrlKey || typing(target)) return
    const value = choices[event.key]
    if (value) {
      const radio = form.querySelector(`input[name="outcome"][value="${value}"]`)
      if (radio) {
        event.preventDefault()
        radio.checked = true
        radio.focus()
      }
    } else if (event.key === 'r') {
      event.preventDefault()
      document.getElementById('reason')?.focus()
    }
  })
}
