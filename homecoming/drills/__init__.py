"""Load and fault drills (issue 16 §1, §2, §5): the app served by gunicorn, driven over HTTP.

- ``cluster``: a throwaway PostgreSQL cluster (scripts/with_postgres.py uses it too);
- ``server``: gunicorn (and the manage.py commands the drills run) in processes of their own;
- ``scene``: inside such a process, the drill's database: schema, generated data, sessions, and the
  checks after a drill (every acknowledged write found, nothing half-written);
- ``browser``: one signed-in user over HTTP, reading the real pages and posting the real forms;
- ``load``: 50 such users mixing the workflows, and the audit chain's write rate;
- ``faults``: kill -9 of the app server, PostgreSQL stopped, SQLite's disk full, two people editing;
- ``report``: the figures, printed.

``python manage.py drill load|kill|outage|disk|conflict|all [--smoke]`` runs them; ``make drills``
runs all four at full length. Nothing here is imported by the app, and nothing here runs in production.
"""
