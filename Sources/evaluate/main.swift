import SluiceCommands

Tools.evaluate.main()
