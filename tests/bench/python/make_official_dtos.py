"""Regenerates official_dtos.py: the seed's generated Python DTOs for ListSessions, patched only
as a user of the official `servicestack` client must patch them:

1. ListResponse is defined after its first use (ListRequest's IReturn[ListResponse[T]]) and names
   its type parameter AccountInfo: it moves before ListRequest with parameter T.
2. The generic ListRequest cannot name the concrete response type: ListSessions declares
   response_type() -> ListResponse[SessionInfo].

Usage: python make_official_dtos.py ../../../../shared/seeds/001_c145417a1e2caa28.txt
"""
import pathlib
import sys

seed = pathlib.Path(sys.argv[1]).read_text()
code = seed[seed.index("import datetime"):seed.index("Python ListSessions DTOs")].rstrip() + "\n"

start = code.index("AccountInfo = TypeVar('AccountInfo')")
block = code[start:].strip() + "\n"
code = code[:start].rstrip() + "\n"
block = (block.replace("AccountInfo = TypeVar('AccountInfo')\n", "")
         .replace("Generic[AccountInfo]", "Generic[T]").replace("List[AccountInfo]", "List[T]"))
code = code.replace("T = TypeVar('T')\n", "T = TypeVar('T')\n\n\n" + block.strip() + "\n", 1)

marker = '''    # @ApiMember(Description="Filter by parent session ID")
    parent_session_id: Optional[str] = None
    """
    Filter by parent session ID
    """
'''
assert marker in code
code = code.replace(marker, marker + '''
    # Patched (as a user must): the generic ListRequest cannot name the concrete response type.
    @staticmethod
    def response_type(): return ListResponse[SessionInfo]
''')
header = '"""The seed\'s generated DTOs for ListSessions (official ServiceStack Python client), patched by make_official_dtos.py."""\n'
pathlib.Path(__file__).with_name("official_dtos.py").write_text(header + code)
