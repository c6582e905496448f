"""`python -m scenarios.schema`: regenerate the JSON Schema files next to this module."""

from scenarios.schema import write_schemas

for path in write_schemas():
    print(path)
