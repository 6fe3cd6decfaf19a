import { checkReceipt } from './receipt-check.js';

const form = document.getElementById('receipt-form');
const input = document.getElementById('receipt');
const file = document.getElementById('receipt-file');
const key = document.getElementById('key');
const result = document.getElementById('result');

file.addEventListener('change', async () => {
  if (file.files.length > 0) input.value = await file.files[0].text();
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  result.replaceChildren();
  let receipt;
  try {
    receipt = JSON.parse(input.value);
  } catch (e) {
    result.append(line('invalid', `The receipt is not JSON: ${e.message}`));
    return;
  }
  try {
    const outcome = await checkReceipt(receipt, key.value);
    const list = document.createElement('ul');
    for (const s of outcome.steps) {
      const li = document.createElement('li');
      li.className = s.ok ? 'ok' : 'bad';
      li.textContent = `${s.ok ? '✓' : '✗'} ${s.name}${s.ok ? '' : `: ${s.detail}`}`;
      list.append(li);
    }
    result.append(line(outcome.ok ? 'valid' : 'invalid', outcome.ok
      ? `Valid: log entry ${receipt.index} is in the signed tree of ${outcome.size} ${outcome.size === 1 ? 'entry' : 'entries'}.`
      : 'Invalid: this receipt does not check out.'), list);
  } catch (e) {
    result.append(line('invalid', `Invalid: ${e.message}`));
  }
});

function line(kind, text) {
  const p = document.createElement('p');
  p.className = `verdict-line ${kind}`;
  p.setAttribute('role', 'status');
  p.textContent = text;
  return p;
}
