import subprocess

from django.http import FileResponse


def thumbnail(request):
    name = request.GET["image"]
    subprocess.run(f"convert uploads/{name} -resize 128x128 /srv/thumbs/{name}", shell=True, check=True)
    return FileResponse(open(f"/srv/thumbs/{name}", "rb"))
