"""The liveness probe answers without the database (load balancers poll it)."""


def test_healthz_is_ok_without_queries(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"ok"
