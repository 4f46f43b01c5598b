"""Drives the Lunas RouterOS simulator with Debian's python3-librouteros, an independent client.

Usage: /usr/bin/python3 librouteros_check.py HOST PORT USER PASSWORD plain|token
librouteros frames a word by its length in characters, not bytes, so it can only *send* ASCII
(reading UTF-8 works); the words this script writes are ASCII for that reason.
Prints one JSON object describing what the client saw; exits non-zero on any error.
"""
import json
import sys

import librouteros
from librouteros.login import plain, token


def main() -> None:
    host, port, user, password, method = sys.argv[1:6]
    login_method = {'plain': plain, 'token': token}[method]
    api = librouteros.connect(
        host, user, password, port=int(port), login_method=login_method, encoding='utf-8', timeout=5
    )
    out = {'login': method}
    secrets = api.path('ppp', 'secret')
    out['before'] = [dict(r) for r in secrets]
    new_id = secrets.add(name='lunas-fidelity', password='p4ss', profile='default', comment='Bu Sri - RT 04')
    out['added_id'] = new_id
    secrets.update(**{'.id': new_id, 'profile': 'isolir', 'disabled': True})
    out['after_set'] = [dict(r) for r in secrets]
    secrets.remove(new_id)
    out['after_remove'] = [dict(r) for r in secrets]
    out['identity'] = [dict(r) for r in api.path('system', 'identity')]
    try:
        secrets.add(name='lunas-fidelity-dup')
        secrets.add(name='lunas-fidelity-dup')
        out['duplicate_trap'] = None
    except librouteros.exceptions.TrapError as err:
        out['duplicate_trap'] = str(err)
    api.close()
    print(json.dumps(out, default=str))


if __name__ == '__main__':
    main()
