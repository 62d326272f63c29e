"""Captures how CPython 3.11 binds a call's arguments, for dev.lovage.worker.internal.typed.BindingTableTest.

Run it with CPython 3.11 from this directory and commit what it writes:

    python3.11 capture_cpython_binding.py > cpython-3.11-binding.json

Every function below has a twin with the same name and parameters in BindingFixtures.java. Each case calls the
Python function with the case's args and kwargs; the table records either the bound parameters (each function
returns its locals) or the exact text of the TypeError CPython raised. The Java test binds the same call through
Lovage's binder and compares, without running Python.

Python does not check argument types, so CPython has no message of its own for a value of the wrong type. For
those cases ("kind": "wrong_type") Lovage uses the message CPython's argument parser gives builtins
(_PyArg_BadArgument: "{func}() argument '{name}' must be {expected}, not {type}"). The script checks that
template against real builtins (the "template_checks" section) and fills in type(value).__name__ (None for None) as CPython
spells it; only the expected type name ("expected") is Lovage's choice.
"""
import json
import sys


def add(x, y):
    return dict(locals())


def noop():
    return dict(locals())


def one(x):
    return dict(locals())


def scale(x, factor=2):
    return dict(locals())


def greet(name, greeting='hello', punctuation='!'):
    return dict(locals())


def triple(a, b, c):
    return dict(locals())


def total(*numbers):
    return {'numbers': list(numbers)}


def tagged(label, *values, **options):
    return {'label': label, 'values': list(values), 'options': options}


def configure(host, *rest, port, secure=False):
    return {'host': host, 'rest': list(rest), 'port': port, 'secure': secure}


def limits(x, *, lo=0, hi=10):
    return dict(locals())


def options_only(**options):
    return {'options': options}


def move(point, dx=0):
    return dict(locals())


def path(points):
    return dict(locals())


def histogram(counts):
    return dict(locals())


FUNCTIONS = {f.__name__: f for f in [add, noop, one, scale, greet, triple, total, tagged, configure,
                                      limits, options_only, move, path, histogram]}

CASES = [
    # positional and keyword
    ('positional', 'add', [2, 3], {}),
    ('keyword', 'add', [], {'x': 2, 'y': 3}),
    ('mixed', 'add', [2], {'y': 3}),
    ('keyword_order', 'add', [], {'y': 3, 'x': 2}),
    # defaults
    ('default_used', 'scale', [5], {}),
    ('default_overridden', 'scale', [5, 3], {}),
    ('default_by_keyword', 'greet', ['ann'], {'punctuation': '?'}),
    # varargs and varkw
    ('varargs_empty', 'total', [], {}),
    ('varargs_many', 'total', [1, 2, 3], {}),
    ('varargs_and_kwargs', 'tagged', ['t', 1, 2], {'color': 'red', 'size': 3}),
    ('kwargs_only', 'options_only', [], {'a': 1, 'b': [2]}),
    ('keyword_only_given', 'configure', ['h'], {'port': 80}),
    ('keyword_only_and_rest', 'configure', ['h', 1, 2], {'port': 80, 'secure': True}),
    # missing
    ('missing_one', 'add', [2], {}),
    ('missing_two', 'add', [], {}),
    ('missing_three', 'triple', [], {}),
    ('missing_after_keyword', 'triple', [], {'b': 1}),
    ('missing_with_defaults', 'greet', [], {'greeting': 'hi'}),
    ('missing_keyword_only', 'configure', ['h'], {}),
    ('missing_record', 'move', [], {'dx': 1}),
    # extra
    ('too_many_positional', 'add', [1, 2, 3], {}),
    ('too_many_for_one', 'one', [1, 2], {}),
    ('too_many_for_none', 'noop', [1], {}),
    ('too_many_with_defaults', 'scale', [1, 2, 3], {}),
    ('varargs_absorb_extra', 'configure', ['h', 1], {'port': 1}),
    ('too_many_with_keyword_only', 'limits', [1, 2], {'lo': 1}),
    ('too_many_with_two_keyword_only', 'limits', [1, 2, 3], {'lo': 1, 'hi': 2}),
    ('keyword_only_defaults', 'limits', [1], {'hi': 5}),
    ('unexpected_keyword', 'add', [1, 2], {'z': 3}),
    ('unexpected_keyword_first', 'add', [], {'z': 3, 'x': 1}),
    ('multiple_values', 'add', [1, 2], {'x': 3}),
    ('multiple_values_and_missing', 'triple', [1], {'a': 1}),
    ('unexpected_beats_too_many', 'one', [1, 2], {'q': 1}),
    # records and nested generics (converted by Jackson on the Java side)
    ('record_from_dict', 'move', [{'x': 1, 'y': 2}], {'dx': 3}),
    ('records_in_list', 'path', [[{'x': 1, 'y': 2}, {'x': 3, 'y': 4}]], {}),
    ('nested_generics', 'histogram', [{'a': [1, 2], 'b': []}], {}),
]

# Java parameter types stand in for annotations Python does not check; (case, function, args, kwargs, parameter,
# expected type name).
WRONG_TYPE = [
    ('wrong_type_str_for_int', 'add', ['two', 3], {}, 'x', 'int'),
    ('wrong_type_float_for_int', 'add', [2.5, 3], {}, 'x', 'int'),
    ('wrong_type_none_for_int', 'add', [2], {'y': None}, 'y', 'int'),
    ('wrong_type_list_for_int', 'scale', [[1]], {}, 'x', 'int'),
    ('wrong_type_bool_for_int', 'add', [True, 1], {}, 'x', 'int'),
    ('wrong_type_int_for_str', 'greet', [7], {}, 'name', 'str'),
    ('wrong_type_str_for_record', 'move', ['p'], {}, 'point', 'Point'),
    ('wrong_type_int_for_list', 'path', [5], {}, 'points', 'list[Point]'),
    ('wrong_type_dict_for_list', 'histogram', [[1]], {}, 'counts', 'dict[str, list[int]]'),
]

# Real CPython messages from its argument parser, to pin the template used for WRONG_TYPE.
TEMPLATE_CHECKS = [
    ('encode', 'encoding', 'str', lambda: ''.encode(encoding=1)),
    ('encode', 'errors', 'str', lambda: ''.encode(errors=[])),
    ('from_bytes', 'byteorder', 'str', lambda: int.from_bytes(b'', byteorder=None)),
]

TEMPLATE = "{func}() argument '{name}' must be {expected}, not {got}"


def run(func, args, kwargs):
    try:
        return {'bound': FUNCTIONS[func](*args, **kwargs)}
    except TypeError as e:
        return {'error': str(e)}


def main():
    assert sys.version_info[:2] == (3, 11), 'run this with CPython 3.11'
    checks = []
    for func, name, expected, call in TEMPLATE_CHECKS:
        try:
            call()
            raise AssertionError('no TypeError from ' + func)
        except TypeError as e:
            got = str(e).rsplit('not ', 1)[1]
            assert str(e) == TEMPLATE.format(func=func, name=name, expected=expected, got=got), str(e)
            checks.append({'func': func, 'parameter': name, 'expected': expected, 'got': got, 'error': str(e)})
    cases = []
    for case, func, args, kwargs in CASES:
        cases.append(dict(case=case, kind='call', function=func, args=args, kwargs=kwargs,
                          **run(func, args, kwargs)))
    for case, func, args, kwargs, name, expected in WRONG_TYPE:
        outcome = run(func, args, kwargs)
        assert 'bound' in outcome, case + ' must bind in Python: only the type is wrong'
        value = outcome['bound'][name]
        # The argument parser names None itself rather than its type (see the from_bytes check).
        got = 'None' if value is None else type(value).__name__
        error = TEMPLATE.format(func=func, name=name, expected=expected, got=got)
        cases.append(dict(case=case, kind='wrong_type', function=func, args=args, kwargs=kwargs, error=error))
    json.dump({'python': sys.version.split()[0], 'implementation': sys.implementation.name,
               'template': TEMPLATE, 'template_checks': checks, 'cases': cases},
              sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
