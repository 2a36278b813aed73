// The app's websocket is on this page's own host, by the page's own scheme (wss behind TLS).
(() => {
  const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  const terminal = document.getElementById("terminal");
  terminal.dataset.sessionWebsocketUrl = scheme + window.location.host + "/ws";
})();
