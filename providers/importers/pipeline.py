"""Write batches on a second thread while the main thread parses the next ones.

Parsing a row is Python work; applying a batch is PostgreSQL work. On a machine
with two cores, overlapping them nearly doubles the import rate. The writer thread
has its own database connection; each batch is still one transaction, committed
in file order, so an interruption never leaves a batch half-written.
"""

import queue
import sys
import threading

from django.db import connection

_STOP = object()


class BatchPipeline:
    def __init__(self, write, threaded=True, depth=2):
        self.write = write
        self.threaded = threaded
        self.error = None
        if threaded:
            # Hand the GIL over more often, so the writer is not kept waiting after each
            # database round trip while the parser runs pure Python.
            self.switch_interval = sys.getswitchinterval()
            sys.setswitchinterval(0.0005)
            self.queue = queue.Queue(maxsize=depth)
            self.thread = threading.Thread(target=self._run, name="import-writer", daemon=True)
            self.thread.start()

    def _run(self):
        try:
            while True:
                batch = self.queue.get()
                if batch is _STOP:
                    return
                if self.error is None:
                    try:
                        self.write(batch)
                    except BaseException as error:  # reported to the main thread
                        self.error = error
        finally:
            connection.close()

    def submit(self, batch):
        self._raise()
        if not self.threaded:
            self.write(batch)
            return
        while True:
            try:
                self.queue.put(batch, timeout=0.5)
                return
            except queue.Full:
                self._raise()

    def close(self):
        """Wait until every submitted batch is committed (or one failed)."""
        if self.threaded and self.thread.is_alive():
            self.queue.put(_STOP)
            self.thread.join()
            sys.setswitchinterval(self.switch_interval)
        self._raise()

    def _raise(self):
        if self.error is not None:
            error, self.error = self.error, None
            raise error
