import pytest


@pytest.fixture
def default_playbook(db):
    """The default playbook; a transactional test elsewhere may have flushed the migration's copy."""
    from playbook.defaults import install_default_playbook

    install_default_playbook()
