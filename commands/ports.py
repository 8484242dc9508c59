"""What the write side needs from the outside world, as protocols (infra provides the real ones)."""

from __future__ import annotations

import uuid
from typing import Protocol


class UploadStore(Protocol):
    """Uploaded source archives, readable by a worker on any host."""

    def belongs_to(self, upload_id: uuid.UUID, project_id: uuid.UUID) -> bool: ...

    def read(self, upload_id: uuid.UUID) -> bytes: ...
