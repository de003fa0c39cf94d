from dxplan.cli import entry

entry()
