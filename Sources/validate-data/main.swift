import SluiceCommands

Tools.validateData.main()
