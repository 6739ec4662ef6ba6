"""Vector memory on ChromaDB: the memory stream, asset memory and conversation buffer.

Start at :mod:`memory.service` (``open_memory(settings)``). Importing this package loads
neither chromadb nor torch; both load when a store is opened or a text is embedded.
"""
