"""Files the atlas writes: standalone HTML, PDF handouts, pain drawings, atomic writing.
Exports never import the UI."""
