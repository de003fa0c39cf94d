import sys

from dxplan.cli import main

sys.exit(main())
