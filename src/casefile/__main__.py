from casefile.cli.main import main

main()
