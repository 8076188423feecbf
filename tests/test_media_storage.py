"""Media in S3-compatible object storage, against a real S3 server the test starts.

moto's server mode speaks the S3 HTTP API on 127.0.0.1; the site talks to it through
django-storages and boto3 exactly as it would to AWS or MinIO.
"""

import io
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import boto3
import pytest
from PIL import Image as PILImage

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from .support import free_port

BUCKET = "procedures-media"
PUBLIC_RENDITIONS_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/media/images/*",
        }
    ],
}


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            assert process.poll() is None, "moto server exited"
            assert time.monotonic() < deadline, "moto server did not start within 30 s"
            time.sleep(0.2)
    yield endpoint
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def s3(s3_endpoint, monkeypatch):
    """The bucket, and the site's media storage pointed at it (as MEDIA_S3_* would)."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    # As docs/deployment.md asks: renditions (media/images/) are public, nothing else.
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_RENDITIONS_POLICY))
    storages = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "location": "media",
                "querystring_auth": False,
                "file_overwrite": False,
                "object_parameters": {"CacheControl": "public, max-age=31536000"},
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        yield client
    objects = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for item in objects:
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket_policy(Bucket=BUCKET)
    client.delete_bucket(Bucket=BUCKET)


def keys(client):
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def png(width=400, height=300):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (30, 110, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def test_an_editor_uploads_an_image_and_its_renditions_live_in_the_bucket(s3, admin_client):
    response = admin_client.post(
        "/admin/images/add/",
        {
            "title": "Spine, lateral view",
            "file": SimpleUploadedFile("spine.png", png(), content_type="image/png"),
        },
    )
    assert response.status_code == 302, response.content[:500]
    image = get_image_model().objects.get(title="Spine, lateral view")
    assert (image.width, image.height) == (400, 300)  # read back from the bucket
    assert f"media/{image.file.name}" in keys(s3)

    rendition = image.get_rendition("fill-120x90")
    assert f"media/{rendition.file.name}" in keys(s3)
    assert rendition.url.startswith(f"{s3.meta.endpoint_url}/{BUCKET}/media/images/")
    with urllib.request.urlopen(rendition.url, timeout=10) as served:  # noqa: S310 - moto
        assert served.status == 200
        assert served.headers["Cache-Control"] == "public, max-age=31536000"
        assert PILImage.open(io.BytesIO(served.read())).size == (120, 90)
    # The original upload is not public.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(image.file.url, timeout=10)  # noqa: S310 - moto
    assert refused.value.code == 403


def test_documents_are_served_through_the_site_not_the_bucket(s3, admin_client, client):
    content = b"Patient leaflet: after your vertebroplasty\n"
    response = admin_client.post(
        "/admin/documents/add/",
        {
            "title": "Aftercare leaflet",
            "file": SimpleUploadedFile("aftercare.txt", content, content_type="text/plain"),
        },
    )
    assert response.status_code == 302, response.content[:500]
    document = get_document_model().objects.get(title="Aftercare leaflet")
    assert f"media/{document.file.name}" in keys(s3)
    # The public link is the site's own view (which checks collection privacy)...
    assert document.url.startswith("/documents/")
    served = client.get(document.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == content
