// Kefu's chat for any website: <script src="https://kefu.example/console/embed.js" data-helpdesk="HELPDESK_ID" async></script>
// adds a "Chat with us" button that opens the helpdesk's chat page in a window of its own (the chat keeps the
// person's Kefu session, which a third-party frame would not be given).
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) return;
  var base = new URL('.', script.src);
  var helpdesk = script.getAttribute('data-helpdesk') || '';
  var label = script.getAttribute('data-label') || 'Chat with us';
  var button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.setAttribute('data-kefu-chat', '');
  button.style.cssText = 'position:fixed;right:1.5rem;bottom:1.5rem;z-index:2147483000;padding:.75rem 1.25rem;border:0;border-radius:2rem;' +
    'background:#1f5fbf;color:#fff;font:600 1rem system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.3);cursor:pointer';
  button.addEventListener('click', function () {
    var url = new URL('chat', base);
    if (helpdesk) url.searchParams.set('helpdesk', helpdesk);
    window.open(url.href, 'kefu-chat', 'width=420,height=640');
  });
  function add() { document.body.appendChild(button); }
  if (document.body) add(); else document.addEventListener('DOMContentLoaded', add);
})();
