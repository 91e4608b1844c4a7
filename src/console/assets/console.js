// The console's only script. Pages work without it; with it, live regions follow the server by SSE.
'use strict';

// An element with data-live="URL" takes the HTML of each "update" event the URL sends.
for (const region of document.querySelectorAll('[data-live]')) {
  const source = new EventSource(region.getAttribute('data-live'));
  source.addEventListener('update', (event) => {
    region.innerHTML = event.data;
    scrollToEnd(region);
  });
  scrollToEnd(region);
}

function scrollToEnd(region) {
  const log = region.querySelector('[role="log"]') || region;
  log.scrollTop = log.scrollHeight;
}

// A rule kind picked in the skill editor offers only its own operators (data-operators on its option).
for (const kind of document.querySelectorAll('select[data-operators-in]')) {
  const operator = document.getElementById(kind.getAttribute('data-operators-in'));
  kind.addEventListener('change', () => {
    const picked = kind.selectedOptions[0];
    const allowed = picked && picked.value ? picked.getAttribute('data-operators').split(' ') : null;
    for (const option of operator.options) {
      const off = allowed !== null && !allowed.includes(option.value);
      option.disabled = off;
      option.hidden = off;
    }
    if (operator.selectedOptions[0] && operator.selectedOptions[0].disabled) {
      operator.value = [...operator.options].find((o) => !o.disabled).value;
    }
  });
}

// A form with data-confirm asks before it is sent (closing a ticket cannot be undone).
for (const form of document.querySelectorAll('form[data-confirm]')) {
  form.addEventListener('submit', (event) => {
    if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
  });
}
