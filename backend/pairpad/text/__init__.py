"""The text model: a document in UTF-16 code units and CodeMirror's change sets over it."""
