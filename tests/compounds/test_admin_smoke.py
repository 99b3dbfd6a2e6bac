from compounds.models import Compound
from tests.admin_forms import admin_url, change_form_data, form_errors


def test_an_unchanged_compound_form_saves(editor_client, demo):
    compound = Compound.objects.get(slug="cerebrolysin")
    url = admin_url(compound)
    response = editor_client.post(url, change_form_data(editor_client.get(url)))
    assert response.status_code == 302, form_errors(response)
