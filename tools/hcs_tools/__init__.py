"""Tools around the services: the run command, the command-line client, reference partner systems."""
