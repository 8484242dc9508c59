import os
import tarfile

from flask import Flask, request, send_file, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.route("/download")
def download():
    name = request.args.get("file")
    # ruleid: python.web.path-traversal-taint
    return send_file(os.path.join(UPLOADS, name))


@app.route("/download-safe")
def download_safe():
    name = request.args.get("file")
    # ok: python.web.path-traversal-taint
    return send_from_directory(UPLOADS, name)


@app.route("/upload", methods=["POST"])
def upload():
    upload = request.files["doc"]
    # ruleid: python.web.path-traversal-taint
    with open("/srv/uploads/" + upload.filename, "wb") as out:
        out.write(upload.read())
    # ok: python.web.path-traversal-taint
    with open(os.path.join(UPLOADS, secure_filename(upload.filename)), "wb") as out:
        out.write(upload.read())
    return "stored"


def unpack(archive_path, dest):
    tar = tarfile.open(archive_path)
    # ruleid: python.lang.tarfile-extractall-unfiltered
    tar.extractall(dest)
    # ok: python.lang.tarfile-extractall-unfiltered
    tar.extractall(dest, filter="data")
    # ruleid: python.lang.tarfile-extractall-unfiltered
    tar.extractall(dest, filter="fully_trusted")


def restore_backup(archive_path, target):
    with tarfile.open(archive_path) as archive:
        # ruleid: python.lang.tarfile-extractall-unfiltered
        archive.extractall(target)


def restore_backup_filtered(archive_path, target):
    with tarfile.open(archive_path, "r:gz") as archive:
        # ok: python.lang.tarfile-extractall-unfiltered
        archive.extractall(target, filter="data")
        for member in archive.getmembers():
            # ok: python.lang.tarfile-extractall-unfiltered
            archive.extract(member, target, filter="tar")
