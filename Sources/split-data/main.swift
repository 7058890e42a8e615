import SluiceCommands

Tools.splitData.main()
