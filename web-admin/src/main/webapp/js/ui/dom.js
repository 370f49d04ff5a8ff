/**
 * Small DOM helpers shared by the room page's views: text that hides when empty, state
 * words coloured by how healthy they are, and definition lists. No page state here.
 */
export const $ = (id) => document.getElementById(id);

/** Shows text in the element, or hides the element when there is none. */
export function showText(el, text) {
  el.textContent = text || '';
  el.hidden = !text;
}

/** CSS class for a state word: good (connected...), bad (failed...), else waiting. */
export function tone(value) {
  if (['connected', 'completed', 'open', 'stable', 'answered', 'complete'].includes(value)) {
    return 'state-good';
  }
  if (['failed', 'error', 'closed', 'disconnected', 'left'].includes(value)) {
    return 'state-bad';
  }
  return 'state-wait';
}

/** Writes a state word ("–" when empty), coloured by toneOf (default: the text itself). */
export function setState(el, text, toneOf = text) {
  el.textContent = text || '–';
  el.className = text ? tone(toneOf) : '';
}

/** Replaces a <dl> with [term, value] rows. */
export function fillDefinitionList(dl, rows) {
  dl.replaceChildren(...rows.flatMap(([term, value]) => {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = value;
    return [dt, dd];
  }));
}

/** On pagehide: a best-effort leave through page.channel, then page.session closes (read at that moment). */
export function leaveOnPageHide(page) {
  window.addEventListener('pagehide', () => {
    if (page.channel) {
      page.channel.leaveOnUnload();
    }
    if (page.session) {
      page.session.close();
    }
  });
}
