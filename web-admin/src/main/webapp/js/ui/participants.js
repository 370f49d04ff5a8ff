/**
 * The participant list of the room page: presenters first, then by name, each with a role
 * badge and the server's connection state; people who left are not shown. Pure view: it
 * gets the list from the signaling channel's room events and keeps nothing.
 */
import { tone } from './dom.js';

/**
 * @param list        the <ul>
 * @param count       element showing "(n)"
 * @param participants [{id, name, role, state}] or null while not loaded yet
 * @param myId        this page's participant id, marked "(you)"
 */
export function renderParticipants(list, count, participants, myId) {
  const people = (participants || [])
    .filter((p) => p.state !== 'left')
    .slice()
    .sort((a, b) => (a.role === b.role ? String(a.name).localeCompare(String(b.name))
      : a.role === 'presenter' ? -1 : 1));
  count.textContent = people.length ? '(' + people.length + ')' : '';
  list.replaceChildren(...people.map((p) => item(p, p.id === myId)));
  if (!people.length) {
    const li = document.createElement('li');
    li.className = 'empty';
    li.textContent = participants ? 'Nobody yet.' : 'Loading…';
    list.appendChild(li);
  }
}

function item(p, isMe) {
  const li = document.createElement('li');
  const name = document.createElement('span');
  name.className = 'name';
  name.textContent = p.name || p.id;
  if (isMe) {
    const you = document.createElement('span');
    you.className = 'you';
    you.textContent = ' (you)';
    name.appendChild(you);
  }
  const role = document.createElement('span');
  role.className = 'badge ' + p.role;
  role.textContent = p.role;
  const state = document.createElement('span');
  state.className = 'badge ' + tone(p.state);
  state.textContent = p.state || 'new';
  li.append(name, role, state);
  return li;
}
