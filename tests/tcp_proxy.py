"""A TCP proxy on 127.0.0.1 between the store and its PostgreSQL server, which can cut a
connection at the worst moment: right after the server committed a transaction and before
the client hears so (the commit landed; the client cannot know)."""

from __future__ import annotations

import contextlib
import socket
import threading

COMMIT_DONE = b"C\x00\x00\x00\x0bCOMMIT\x00"  # the server's CommandComplete for COMMIT


class Proxy:
    """Forwards every connection to ``port``; :meth:`cut_after_next_commit` arms the fault."""

    def __init__(self, port: int) -> None:
        self.target = ("127.0.0.1", port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut = threading.Event()
        self.cuts = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def cut_after_next_commit(self) -> None:
        """The next COMMIT the server confirms closes that connection instead."""
        self.cut.set()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            threading.Thread(target=self._pump, args=(client, server, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, True), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, from_server: bool) -> None:
        try:
            while data := source.recv(65536):
                if from_server and self.cut.is_set() and COMMIT_DONE in data:
                    self.cut.clear()
                    self.cuts += 1
                    break  # the commit happened; its confirmation never arrives
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()

    def close(self) -> None:
        """Stop taking connections."""
        self.listener.close()
