"""The shell: the start, the main window, the first run, the store-file dialogs, help."""
