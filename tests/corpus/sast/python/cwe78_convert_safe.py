import subprocess
from pathlib import Path

from django.http import FileResponse

UPLOADS = Path("/srv/uploads")


def thumbnail(request):
    name = Path(request.GET["image"]).name
    target = Path("/srv/thumbs") / name
    subprocess.run(["convert", str(UPLOADS / name), "-resize", "128x128", str(target)], check=True)
    return FileResponse(target.open("rb"))
