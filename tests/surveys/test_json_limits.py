"""The JSON API refuses a body nested deeper than the decoder follows with a 400, not a server error."""


def test_deeply_nested_json_is_a_400(client, make_survey):
    _id, code = make_survey()
    response = client.post(f"/api/v1/surveys/{code}/responses", data="[" * 100000, content_type="application/json")
    assert response.status_code == 400 and "error" in response.json
