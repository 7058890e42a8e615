import SluiceCommands

Tools.train.main()
