"""Access rows for the signed-in homes (app/main/home.py): every role has one."""
from tests.access_policy import ALL, Rule

POLICY = {
    ("main.home", "GET"): Rule(ALL),
}
