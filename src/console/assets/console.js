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

// A form with data-confirm asks before it is sent (closing a ticket cannot be undone).
for (const form of document.querySelectorAll('form[data-confirm]')) {
  form.addEventListener('submit', (event) => {
    if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
  });
}
