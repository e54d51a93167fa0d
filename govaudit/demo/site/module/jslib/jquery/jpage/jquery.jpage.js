/* stand-in for Hanweb's jpage plugin: it renders <record>s of the datastore and fetches further
   groups from proxyUrl (dataproxy.jsp?startrecord=&endrecord=&perpage=, POST columnid=...). */
var dataStore = null;
