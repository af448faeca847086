"""What every renderer shows, as plain data: the palette, the 3D scene, the point view model
and its text and HTML forms.  Shared by the app, the images and every export; no Panel here."""
