itl-trust --installed none
