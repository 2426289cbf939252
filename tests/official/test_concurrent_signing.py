"""Two co-chairs signing the same draft at the same moment, on PostgreSQL: two threads, two connections.
The document's row lock makes them take turns: exactly one signature starts the version, the other is
refused (it read the draft, not the version the first one froze), and no version number repeats."""

import threading

import pytest
from django.db import connection, connections

from official import kinds, services
from official.models import Signature, Version

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite locks the whole database: the row lock is PostgreSQL's")


def test_two_concurrent_first_signatures_one_succeeds_one_is_refused(plan, people):
    annual = kinds.get("annual-report")
    document = services.document_for(annual, plan, 2024)
    document.save()
    number, digest = services.open_for_signing(document)  # both co-chairs opened the same draft
    start = threading.Barrier(2)
    outcomes = {}

    def sign(who):
        try:
            start.wait(timeout=10)
            mine = services.document_for(annual, plan, 2024)
            outcomes[who] = services.sign(mine, people[who], read_digest=digest, read_number=number).number
        except services.SigningRefused as refused:
            outcomes[who] = refused
        finally:
            connections.close_all()  # this thread's connection, so the test database can be dropped

    threads = [threading.Thread(target=sign, args=(who,)) for who in ("cochair", "cochair_2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    signed = [who for who, outcome in outcomes.items() if outcome == 1]
    refused = [who for who, outcome in outcomes.items() if isinstance(outcome, services.SigningRefused)]
    assert len(signed) == 1 and len(refused) == 1, outcomes
    assert "while you were reading" in outcomes[refused[0]].messages[0]
    numbers = list(Version.objects.values_list("number", flat=True))
    assert numbers == [1] and len(set(numbers)) == len(numbers)
    assert list(Signature.objects.values_list("user__username", flat=True)) == [people[signed[0]].username]


def test_two_concurrent_second_signatures_after_a_text_change_go_nowhere(plan, people):
    """The measured defect, at once: co-chair 2 signs the version they read while co-chair 1 changes the
    text (withdrawing it). Whichever runs first, co-chair 2's signature never lands on a text they did not read."""
    annual = kinds.get("annual-report")
    document = services.document_for(annual, plan, 2024)
    number, digest = services.open_for_signing(document)
    v1 = services.sign(document, people["cochair"], read_digest=digest, read_number=number)
    start = threading.Barrier(2)
    outcomes = {}

    def change():
        try:
            start.wait(timeout=10)
            services.save_text(services.document_for(annual, plan, 2024), people["cochair"], {"challenges": "New."})
            outcomes["change"] = "saved"
        finally:
            connections.close_all()

    def second():
        try:
            start.wait(timeout=10)
            outcomes["second"] = services.sign(services.document_for(annual, plan, 2024), people["cochair_2"],
                                               read_digest=v1.digest, read_number=v1.number).state
        except services.SigningRefused as refused:
            outcomes["second"] = refused
        finally:
            connections.close_all()

    threads = [threading.Thread(target=change), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    v1.refresh_from_db()
    if outcomes["second"] == "signed":  # it went first: version 1 was signed as both read it, then nothing awaited
        assert v1.state == "signed" and v1.snapshot["text"]["challenges"] == ""
    else:  # the change went first: version 1 was withdrawn and the signature refused
        assert v1.state == "withdrawn" and isinstance(outcomes["second"], services.SigningRefused)
        assert not Signature.objects.filter(user=people["cochair_2"]).exists()
