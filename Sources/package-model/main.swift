import SluiceCommands

Tools.packageModel.main()
