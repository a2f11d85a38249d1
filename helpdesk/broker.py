"""The embedded broker: kombu's filesystem transport, with each message written atomically.

kombu writes a message file in place, and a consumer in another process may move and read it
before the write is finished: it then reads an empty file and the worker stops with a
JSONDecodeError. Writing under a name consumers ignore and renaming it into place closes that race.
"""

import os
import uuid
from time import monotonic

from kombu.transport import TRANSPORT_ALIASES, filesystem
from kombu.utils.json import dumps
from kombu.utils.encoding import str_to_bytes


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        final = os.path.join(self.data_folder_out, f"{int(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg")
        partial = f"{final}.partial"  # consumers only take names ending in ".<queue>.msg"
        try:
            with open(partial, "wb") as f:
                f.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            raise filesystem.ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel


# "filesystem://" (the default CELERY_BROKER_URL) names this transport in every process that loads the app.
TRANSPORT_ALIASES["filesystem"] = "helpdesk.broker:Transport"
