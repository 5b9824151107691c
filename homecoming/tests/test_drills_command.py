"""``manage.py drill``: its steps inside a drill's database refuse any other database, so that a
drill can never write into real data; and it asks which drill to run."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_the_check_step_refuses_a_database_without_a_drill_data_set(db, family):
    with pytest.raises(CommandError, match="holds no drill data set"):
        call_command("drill", "--task", "check")


def test_the_audit_chain_step_refuses_it_too(db, family):
    with pytest.raises(CommandError, match="holds no drill data set"):
        call_command("drill", "--task", "chain", "--threads", "1", "--seconds", "0.1")


def test_preparing_refuses_a_database_that_holds_organisations_or_participants(db, family):
    with pytest.raises(CommandError, match="needs an empty one"):
        call_command("drill", "--task", "prepare", "--size", "2", "--users", "1", "--fast-schema")


def test_without_a_drill_named_it_says_which_there_are(db):
    with pytest.raises(CommandError, match="load, kill, outage, disk, conflict, all"):
        call_command("drill")
