"""Read an admin form as the browser would submit it, so tests change only what a person would change."""

from django.http import QueryDict
from wagtail.test.utils.form_data import querydict_from_html
from wagtail.test.utils.wagtail_tests import WagtailTestUtils


def form_data(client, url: str) -> QueryDict:
    """The POST data of the form on `url` that posts back to `url`, as currently filled in."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    actions = [form.get("action") for form in WagtailTestUtils.get_soup(html).find_all("form")]
    assert url in actions, f"no form posting to {url}"
    return querydict_from_html(html, form_index=actions.index(url))


def add_inline(data: QueryDict, relation: str, **fields) -> None:
    """Add one filled-in child form to an inline panel's formset, as 'Add ...' in the admin does."""
    index = int(data[f"{relation}-TOTAL_FORMS"])
    for name, value in {"id": "", "DELETE": "", **fields}.items():
        data[f"{relation}-{index}-{name}"] = value
    data[f"{relation}-TOTAL_FORMS"] = str(index + 1)
    for key in [key for key in data if key.startswith(f"{relation}-__prefix__-")]:
        del data[key]
