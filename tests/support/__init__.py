"""What the tests share: where the repository and the test data are, sample records and
builders (tasks, workbooks, documents, packages, stores) and the Qt fixtures."""
