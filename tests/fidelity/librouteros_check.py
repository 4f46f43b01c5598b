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
from librouteros.query import Key


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

    # `where name == x` is sent as the query word `?=name=x`.
    name = Key('name')
    out['where_existing'] = [dict(r) for r in secrets.select(Key('.id'), name).where(name == 'existing')]
    out['where_not_existing'] = [dict(r) for r in secrets.select(name).where(name != 'existing')]

    # unset, as other billing systems send it after a set: the property is gone afterwards.
    static_id = secrets.add(name='lunas-static', password='x', **{'remote-address': '10.99.0.7'})
    out['static_before'] = [dict(r) for r in secrets.select(Key('remote-address')).where(name == 'lunas-static')]
    tuple(secrets('unset', numbers=static_id, **{'value-name': 'remote-address'}))
    out['static_after'] = [dict(r) for r in secrets.select(name, Key('remote-address')).where(name == 'lunas-static')]

    pools = api.path('ip', 'pool')
    pool_id = pools.add(name='pppoe-pool', ranges='10.20.0.2-10.20.0.254')
    pools.update(**{'.id': pool_id, 'ranges': '10.20.0.2-10.20.0.254,10.21.0.0/24'})
    out['pools'] = [dict(r) for r in pools]
    try:
        pools.add(name='broken', ranges='10.20.0.300')
        out['pool_trap'] = None
    except librouteros.exceptions.TrapError as err:
        out['pool_trap'] = str(err)
    pools.remove(pool_id)
    out['pools_after_remove'] = [dict(r) for r in pools]
    api.close()
    print(json.dumps(out, default=str))


if __name__ == '__main__':
    main()
