import SluiceCommands

Tools.predict.main()
